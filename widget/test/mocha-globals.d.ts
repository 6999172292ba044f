// The Mocha globals Web Test Runner provides in the browser (@types/mocha is not installed; this is the part we use).
declare global {
  type MochaDone = (err?: unknown) => void;
  type MochaFn = (this: MochaContext) => void | Promise<unknown>;
  interface MochaContext {
    timeout(ms: number): void;
  }
  function describe(title: string, body: (this: MochaContext) => void): void;
  function it(title: string, body: MochaFn): void;
  function before(body: MochaFn): void;
  function after(body: MochaFn): void;
  function beforeEach(body: MochaFn): void;
  function afterEach(body: MochaFn): void;
}

export {};
