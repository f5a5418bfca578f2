/**
 * The SDK side of the extension, loaded the first time a request needs it. In the bundle,
 * `./sdkEntry` is dist/sdk.js, built separately (scripts/build.mjs); in the compiled tests it is
 * the module next to this one.
 */
import type * as SdkEntry from './sdkEntry';

type SdkModule = typeof SdkEntry;

let loaded: SdkModule | undefined;

export function sdk(): SdkModule {
  loaded ??= require('./sdkEntry') as SdkModule;
  return loaded;
}
