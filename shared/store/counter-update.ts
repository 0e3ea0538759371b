import type { Key } from './keys';

/**
 * A transaction item that adds to counters on one item (creating it if needed) and sets a few
 * plain attributes beside them (the day, the manager) so the item can be read back alone.
 */
export const counterUpdate = (
  table: string,
  key: Key,
  add: Readonly<Record<string, number>>,
  set: Readonly<Record<string, string>> = {},
) => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(add)
    .filter(([, value]) => value !== 0)
    .map(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      return `#a${i} :a${i}`;
    });
  const sets = Object.entries(set).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const expression = [
    adds.length > 0 ? `ADD ${adds.join(', ')}` : '',
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};
