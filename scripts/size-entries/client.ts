// Size floor, part 2: the libraries plus the widget's DOM-free client (connection, outbox, cache, sync), no element.
import './libraries.ts';
import { createPageClient } from '../../widget/src/client/page-client.ts';

Object.assign(globalThis, { parleySizeClient: createPageClient });
