/** The ids package.json gives the native chat: the language model vendor and the @claude participant. */
export const VENDOR = 'claude-assistant';
export const PARTICIPANT_ID = 'claude-assistant.claude';
