/**
 * What every webview message does: one handler per message type, in one table. The compiler
 * checks the table against the protocol (src/shared/protocol.ts), so a new message type needs
 * its handler here. `from` is the view that sent it (the reply panel or the chat).
 */
import type { ChatSession } from './features/chat/chatSession';
import type { ChatViewProvider } from './features/chat/chatView';
import { makeAttachment } from './features/chat/attachments';
import { runCommand } from './platform/commands';
import type { ChangeSets } from './platform/proposals/changeSets';
import { CommandId } from './platform/contributions';
import type { EditorTracker } from './platform/editorTracker';
import type { Log } from './platform/log';
import type { CodeBlockActions } from './platform/webview/codeBlockActions';
import { runErrorAction } from './platform/webview/errorActions';
import type { MessageHandlers } from './platform/webview/messageRouter';

export interface MessageDeps {
  chat: ChatSession;
  chatView: ChatViewProvider;
  changeSets: ChangeSets;
  codeBlocks: CodeBlockActions;
  editors: EditorTracker;
  log: Log;
}

export function webviewMessageHandlers({ chat, chatView, changeSets, codeBlocks, editors, log }: MessageDeps): MessageHandlers {
  return {
    // Both views
    ready: (_, from) => from.ready?.(),
    stop: (_, from) => from.stop(),
    retry: (_, from) => from.retry(),
    action: (m, from) => (m.action === 'retry' ? from.retry() : runErrorAction(m.action, log)),
    copyCode: (m) => codeBlocks.copy(m.code),
    insertCode: (m) => codeBlocks.insert(m.code),
    applyCode: (m) => codeBlocks.apply(m.code),
    // The chat
    composing: () => chat.prepare(),
    send: (m) => chat.send(m.text),
    newChat: () => chat.newChat(),
    attachSelection: () => chatView.addSelection(),
    attach: (m) => chat.attach(makeAttachment(m.kind, editors.editor)),
    detach: (m) => chat.detach(m.id),
    selectModel: () => runCommand(CommandId.selectModel),
    changeSet: (m) => changeSets.run(m.action, m.id, m.path),
  };
}
