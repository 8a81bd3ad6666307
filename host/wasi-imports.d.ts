// The WASI preview2 (0.2.10) imports host/wasi*.ts uses, as componentize-js's bindings present
// them to JavaScript: u64 as bigint, a `result` error thrown as an Error whose `payload` is the
// error value, resources as objects with methods. Only a guest component provides these modules
// (wit/wasi/guest.wit names them); elsewhere the entry `wasyncio/wasi` cannot load.
declare module "wasi:io/poll@0.2.10" {
  export class Pollable {
    ready(): boolean;
    block(): void;
    [Symbol.dispose]?(): void;
  }
  export function poll(list: Pollable[]): Uint32Array;
}
declare module "wasi:io/streams@0.2.10" {
  import type { Pollable } from "wasi:io/poll@0.2.10";
  export type StreamError = { tag: "closed" } | { tag: "last-operation-failed"; val: { toDebugString(): string } };
  export class InputStream {
    read(len: bigint): Uint8Array;
    subscribe(): Pollable;
    [Symbol.dispose]?(): void;
  }
  export class OutputStream {
    checkWrite(): bigint;
    write(contents: Uint8Array): void;
    flush(): void;
    blockingWriteAndFlush(contents: Uint8Array): void;
    blockingFlush(): void;
    subscribe(): Pollable;
    [Symbol.dispose]?(): void;
  }
}
declare module "wasi:clocks/monotonic-clock@0.2.10" {
  import type { Pollable } from "wasi:io/poll@0.2.10";
  export function now(): bigint;
  export function resolution(): bigint;
  export function subscribeInstant(when: bigint): Pollable;
  export function subscribeDuration(when: bigint): Pollable;
}
declare module "wasi:sockets/instance-network@0.2.10" {
  export function instanceNetwork(): object;
}
declare module "wasi:sockets/tcp@0.2.10" {
  import type { Pollable } from "wasi:io/poll@0.2.10";
  import type { InputStream, OutputStream } from "wasi:io/streams@0.2.10";
  export type IpSocketAddress =
    | { tag: "ipv4"; val: { port: number; address: [number, number, number, number] } }
    | { tag: "ipv6"; val: { port: number; flowInfo: number; address: [number, number, number, number, number, number, number, number]; scopeId: number } };
  export class TcpSocket {
    startBind(network: object, local: IpSocketAddress): void;
    finishBind(): void;
    startConnect(network: object, remote: IpSocketAddress): void;
    finishConnect(): [InputStream, OutputStream];
    startListen(): void;
    finishListen(): void;
    accept(): [TcpSocket, InputStream, OutputStream];
    localAddress(): IpSocketAddress;
    remoteAddress(): IpSocketAddress;
    setListenBacklogSize(n: bigint): void;
    subscribe(): Pollable;
    shutdown(how: "receive" | "send" | "both"): void;
    [Symbol.dispose]?(): void;
  }
}
declare module "wasi:sockets/tcp-create-socket@0.2.10" {
  import type { TcpSocket } from "wasi:sockets/tcp@0.2.10";
  export function createTcpSocket(family: "ipv4" | "ipv6"): TcpSocket;
}
declare module "wasi:cli/environment@0.2.10" {
  export function getEnvironment(): [string, string][];
  export function getArguments(): string[];
}
declare module "wasi:cli/stdin@0.2.10" {
  import type { InputStream } from "wasi:io/streams@0.2.10";
  export function getStdin(): InputStream;
}
declare module "wasi:cli/stdout@0.2.10" {
  import type { OutputStream } from "wasi:io/streams@0.2.10";
  export function getStdout(): OutputStream;
}
