// The package version, read from package.json at build time (esbuild inlines the one field).

export { version as TOOL_VERSION } from '../../../../package.json';
