// The e2e harness's progress lines ("    [e2e] …"), printed between mocha's test lines.

export function log(msg: string): void {
  console.log(`    [e2e] ${msg}`);
}
