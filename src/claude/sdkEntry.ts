/**
 * Everything that needs the SDK, bundled on its own (dist/sdk.js) and loaded on first use (see
 * sdk.ts), so that activating the extension does not parse the SDK.
 */
export { countTokens, createClient, listModels, StreamFailure, streamMessage, streamReply } from './client';
export { ConversationThreads } from './conversationThreads';
export { runToolLoop } from './toolLoop';
export { classifyError } from './classifyError';
export { sdkModules } from './sdkModules';
