// ApiVersions (key 18): versions 0-3.
// - v0-2: the ranges of every API this broker serves; v3 (KIP-511, flexible) adds the client's
//   software name and version, which Oxbow accepts as they come (Kafka rejects ones that fail
//   its pattern with INVALID_REQUEST; librdkafka then retries with v0, so leniency costs nothing).
// - A version above 3 never reaches this handler: the dispatcher answers it with the v0 fallback.
// NB: v4 exists in Kafka 3.9 but no listed client needs it; v3 is CLIENTS.md's profile B.
// NB: supported/finalized features (v3 tagged fields) are not sent: Oxbow has no feature flags.
import { ErrorCode } from '../protocol/error-codes.js';
import { ApiVersions } from '../protocol/generated/api-versions.js';
import { defineHandler } from './handler.js';

export const apiVersionsHandler = defineHandler({
  messages: ApiVersions,
  minVersion: 0,
  maxVersion: 3,
  handle(_request, { broker }) {
    return { errorCode: ErrorCode.NONE, apiKeys: [...broker.apiVersions], throttleTimeMs: 0 };
  },
});
