/** The smallest Lambda there is: the bundles benchmark compares cold imports against it. */
export const handler = async () => ({ statusCode: 200, body: 'hello' });
