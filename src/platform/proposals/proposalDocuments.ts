/** The read-only documents a proposal's diff shows (original and proposed), under their own scheme. */
import * as vscode from 'vscode';

export const PROPOSAL_SCHEME = 'claude-proposal';

export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly registration: vscode.Disposable;

  constructor(readonly scheme: string = PROPOSAL_SCHEME) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(scheme, this);
  }

  /** Two documents for proposal `id` of a file named `base`: the original text and the proposed one. */
  create(id: number | string, base: string, original: string, proposed: string): { left: vscode.Uri; right: vscode.Uri } {
    const left = vscode.Uri.from({ scheme: this.scheme, path: `/${id}/original/${base}` });
    const right = vscode.Uri.from({ scheme: this.scheme, path: `/${id}/proposed/${base}` });
    this.contents.set(left.toString(), original);
    this.contents.set(right.toString(), proposed);
    return { left, right };
  }

  forget(...uris: vscode.Uri[]): void {
    for (const u of uris) this.contents.delete(u.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.registration.dispose();
  }
}
