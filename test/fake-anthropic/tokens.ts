// The server's one token estimate: about four characters a token.

export function tokensForChars(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}

export function estimateTokens(s: string): number {
  return tokensForChars(s.length);
}
