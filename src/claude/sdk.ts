/**
 * The SDK side of the extension, loaded the first time a request needs it. In the bundle,
 * `./sdkEntry` is dist/sdk.js, built separately (scripts/build.mjs); in the compiled tests it is
 * the module next to this one.
 */
type SdkModule = typeof import('./sdkEntry');

let loaded: SdkModule | undefined;

export function sdk(): SdkModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./sdkEntry') as SdkModule;
  return loaded;
}
