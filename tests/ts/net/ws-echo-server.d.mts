// Types of ws-echo-server.mjs (plain JS: the `ws` package has no types of its own here).
export declare const NodeWebSocket: new (url: string, protocols?: string | string[]) => any;
export declare function startEchoServer(): Promise<{ url: string; close(): Promise<void> }>;
export default function setup(project: { provide(key: string, value: unknown): void }): Promise<() => Promise<void>>;
