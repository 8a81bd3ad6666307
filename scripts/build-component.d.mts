// Types of build-component.mjs (plain JS, run by node), for the tests that import it.
export declare function componentWitSource(): string;
export declare function componentFunctions(src?: string): [iface: string, func: string][];
export declare function buildCoreComponent(): Promise<{ path: string; bytes: number }>;
export declare function buildGuest(src: string, out: string): Promise<{ path: string; bytes: number }>;
export declare function buildGuestFromSource(source: string, out: string): Promise<{ path: string; bytes: number }>;
