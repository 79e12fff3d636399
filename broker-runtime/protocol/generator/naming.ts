// How spec names become TypeScript names.

/** Field names: the JSON name with its first letter lower-cased (TopicData -> topicData). */
export function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** File names: ListOffsets -> list-offsets, ApiVersions -> api-versions. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/**
 * Interface name of a struct type declared inside a message. The rule, applied in order:
 *  1. a struct type that already starts with the message name keeps its name
 *     (MetadataResponseBroker in MetadataResponse);
 *  2. a struct type that starts with the API name gets the message name in its place
 *     (ListOffsetsTopic in ListOffsetsRequest -> ListOffsetsRequestTopic);
 *  3. anything else is prefixed with the message name
 *     (TopicProduceData in ProduceRequest -> ProduceRequestTopicProduceData).
 * Every result starts with the message name, so names are unique across files as long as they
 * are unique within a message; the model checks that and fails generation otherwise.
 */
export function structTypeName(messageName: string, apiName: string | null, structType: string): string {
  if (startsWithWord(structType, messageName)) return structType;
  if (apiName !== null && apiName !== messageName && startsWithWord(structType, apiName)) {
    return messageName + structType.slice(apiName.length);
  }
  return messageName + structType;
}

/** `prefix` followed by the end of the name or by a new capitalised word. */
function startsWithWord(name: string, prefix: string): boolean {
  return name.startsWith(prefix) && (name.length === prefix.length || /[A-Z]/.test(name.charAt(prefix.length)));
}

/** The API name of a request/response message name: ProduceRequest -> Produce. */
export function apiNameOf(messageName: string): string | null {
  const m = /^(.+?)(Request|Response)$/.exec(messageName);
  return m ? m[1] : null;
}

/** A single-quoted TS string literal. */
export function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}
