/**
 * Claude in VS Code's own chat, registered at activation: the language model provider (while
 * `claude.nativeChat.enabled` is on) and the @claude participant. Both are thin: the provider answers
 * VS Code's silent look-ups of the models itself (modelInformation.ts) and everything else, like the
 * participant's requests, goes to `load()` (nativeChat.ts), which loads the rest on first use.
 */
import * as vscode from 'vscode';
import { SECRET_ID } from '../../platform/apiKeyStore';
import { PARTICIPANT_ID, VENDOR } from './ids';
import { silentChatInformation } from './modelInformation';
import type { NativeChat } from './nativeChat';

export function registerNativeChat(context: vscode.ExtensionContext, load: () => NativeChat): void {
  const changed = new vscode.EventEmitter<void>();
  let forwarding: vscode.Disposable | undefined;
  const chat = (): NativeChat => {
    const c = load();
    forwarding ??= c.provider.onDidChangeLanguageModelChatInformation(() => changed.fire());
    return c;
  };
  const provider: vscode.LanguageModelChatProvider = {
    onDidChangeLanguageModelChatInformation: changed.event,
    provideLanguageModelChatInformation: (options) =>
      options.silent ? silentChatInformation(context) : chat().provider.provideLanguageModelChatInformation(options),
    provideLanguageModelChatResponse: (model, messages, options, progress, token) =>
      chat().provider.provideLanguageModelChatResponse(model, messages, options, progress, token),
    provideTokenCount: (model, text, token) => chat().provider.provideTokenCount(model, text, token),
  };
  let registration: vscode.Disposable | undefined;
  const sync = (): void => {
    const enabled = vscode.workspace.getConfiguration('claude').get<boolean>('nativeChat.enabled', true);
    if (enabled && !registration) {
      registration = vscode.lm.registerLanguageModelChatProvider(VENDOR, provider);
      // VS Code asks a provider for its models only when something wants them: asking now puts
      // them in the chat's model picker at once (a silent look-up, answered without loading the rest).
      void vscode.lm.selectChatModels({ vendor: VENDOR }).then(undefined, (err: unknown) => load().log.warn(`could not list the chat models: ${String(err)}`));
    } else if (!enabled && registration) {
      registration.dispose();
      registration = undefined;
    }
  };
  sync();
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, chatContext, response, token) =>
    chat().participant.handler(request, chatContext, response, token),
  );
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
  participant.followupProvider = {
    provideFollowups: (result, chatContext, token) => chat().participant.followupProvider.provideFollowups(result, chatContext, token),
  };
  context.subscriptions.push(
    changed,
    participant,
    { dispose: () => (registration?.dispose(), forwarding?.dispose()) },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('claude.nativeChat.enabled')) sync();
      if (e.affectsConfiguration('claude.baseUrl') || e.affectsConfiguration('claude.provider')) changed.fire();
    }),
    // A key set, replaced or cleared changes the models (none without a key).
    context.secrets.onDidChange((e) => {
      if (e.key === SECRET_ID) changed.fire();
    }),
  );
}
