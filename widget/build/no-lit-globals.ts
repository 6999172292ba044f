// Build plugin: keeps Lit from writing globals (version lists, decorator metadata) from the widget bundle.
import type { Plugin } from 'vite';

/** A module of ours that holds Lit's property metadata map instead of a global. */
const LIT_METADATA_MODULE = '\0parley-lit-metadata';

/**
 * Lit writes three globals (`litHtmlVersions`, `litElementVersions`, `reactiveElementVersions`) to
 * warn about duplicate copies, and keeps decorator metadata in `globalThis.litPropertyMetadata`. The
 * widget must write no global but `Parley` and is meant to share a page with other copies of Lit,
 * so the version lines are dropped and the metadata map comes from a module of the bundle instead.
 */
export function noLitGlobals(): Plugin {
  const versions =
    /\(\s*(?:globalThis|global|[a-zA-Z_$][\w$]*)\.(?:litHtmlVersions|litElementVersions|reactiveElementVersions)\s*\?\?=\s*\[\]\s*\)\.push\([^)]*\)/g;
  const metadataInit = /(?:globalThis|[a-zA-Z_$][\w$]*)\.litPropertyMetadata\s*\?\?=\s*new WeakMap(?:\(\))?/g;
  const metadataUse = /(?:globalThis\.)?\blitPropertyMetadata\b/g;
  return {
    name: 'parley:no-lit-globals',
    resolveId: (id) => (id === LIT_METADATA_MODULE ? id : null),
    load: (id) => (id === LIT_METADATA_MODULE ? 'export const litMetadata = new WeakMap();' : null),
    transform(code, id) {
      if (!/[\\/]node_modules[\\/](lit-html|lit-element|@lit[\\/]reactive-element)[\\/]/.test(id)) return null;
      // An expression stands where each statement stood: they may sit inside comma expressions.
      let out = code.replace(versions, 'void 0').replace(metadataInit, 'void 0');
      if (metadataUse.test(out)) {
        out = `import { litMetadata as __parleyLitMetadata } from '${LIT_METADATA_MODULE}';\n${out.replace(metadataUse, '__parleyLitMetadata')}`;
      }
      return out === code ? null : { code: out, map: null };
    },
  };
}
