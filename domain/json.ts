/** JSON-safe value, for actions, flow data and outbox payloads stored in the database. */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
