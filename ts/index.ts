// index.ts: the public API of wasyncio (API.md). Re-exports only.
// The façade is laid out by layer, one concept per file: loop/ (the EventLoop and its handles),
// tasks/ (futures, tasks, Ops and the functions that combine them), sync/ and queues/ (the
// primitives over the core's state machines), streams/, net/, process/ and workers/ (I/O over
// the host's facets). entry/ joins this API to a host; the package's export conditions pick one.
export {
  CancelledError, TimeoutError, InvalidStateError, RuntimeError, QueueEmpty, QueueFull, QueueShutDown,
  IncompleteReadError, LimitOverrunError, BrokenBarrierError, ExceptionGroup, SendfileNotAvailableError,
  KeyboardInterrupt, SystemExit, InternalError, NotSupportedError, LimitError,
} from "./errors.js";
export { Future, isFuture } from "./tasks/future.js";
export { Task, type Coro, type CoroutineLike, type TaskOptions } from "./tasks/task.js";
export type { BlockResult } from "./tasks/coroutine.js";
export { Op, op } from "./tasks/op.js";
export { EventLoop, Handle, TimerHandle, newEventLoop, type ExceptionContext, type ExceptionHandler, type LoopOptions } from "./loop/loop.js";
export { getRunningLoop } from "./loop/running.js";
export type { Limits, LoopStats } from "./loop/limits.js";
export { createTask, currentTask, allTasks, ensureFuture, wrapPromise, type Awaitable } from "./tasks/create.js";
export { sleep } from "./tasks/sleep.js";
export { gather, GatheringFuture, type AwaitedResult, type GatherResults, type GatherOptions } from "./tasks/gather.js";
export { shield } from "./tasks/shield.js";
export { wait, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED } from "./tasks/wait.js";
export { asCompleted } from "./tasks/as-completed.js";
export { waitFor } from "./tasks/wait-for.js";
export { timeout, timeoutAt, Timeout } from "./tasks/timeouts.js";
export { taskGroup, TaskGroup } from "./tasks/taskgroups.js";
export { run, Runner, type RunOptions, type RunnerRunOptions } from "./runners.js";
export type { TraceFile, TraceEvent } from "./loop/trace.js";
export type { Host, Clock } from "../host/host.js";
export { eagerTaskFactory, createEagerTaskFactory } from "./tasks/eager.js";
export { ContextVar, Token, Context, copyContext, LookupError } from "./tasks/contextvars.js";
// I/O (issue #4): streams, transports and protocols, servers, subprocesses, signals, executors.
export { StreamReader, DEFAULT_LIMIT } from "./streams/reader.js";
export { StreamWriter } from "./streams/writer.js";
export { StreamReaderProtocol, type ClientConnectedCallback } from "./streams/protocol.js";
export { openConnection, openUnixConnection, startServer, startUnixServer, type StreamOptions, type StreamServerOptions } from "./streams/open.js";
export { Server } from "./net/server.js";
export { openWebSocket, createWebSocketConnection } from "./net/websocket.js";
export type { WebSocketOptions, WebSocketLike, WebSocketConstructor } from "./net/websocket-stream.js";
export { StreamTransport } from "./net/stream-transport.js";
export { DEFAULT_HIGH_WATER, type Transport, type BaseTransport, type ReadTransport, type WriteTransport, type DatagramTransport, type SubprocessTransport } from "./net/transport.js";
export type { Protocol, BufferedProtocol, DatagramProtocol, SubprocessProtocol, BaseProtocol } from "./net/protocols.js";
export type { AddrInfo, AddrInfoOptions, SocketType } from "./net/dns.js";
export type { ConnectionOptions, ServerOptions, DatagramOptions, StartTlsOptions, AcceptedSocketOptions } from "./net/loop-net.js";
export type { SendfileOptions } from "./net/sendfile.js";
export type { SockAddr, TlsOptions } from "../host/host.js";
export { Process, createSubprocessExec, createSubprocessShell } from "./process/process.js";
export { PIPE, STDOUT, DEVNULL, type Stdio, type SubprocessOptions } from "./process/options.js";
export { WorkerPool, toThread } from "./workers/executor.js";
export { installedSignalHandlers } from "./loop/signals.js";
export { Lock, type LockStatistics } from "./sync/lock.js";
export { Event, type EventStatistics } from "./sync/event.js";
export { Condition } from "./sync/condition.js";
export { Semaphore, BoundedSemaphore, type SemaphoreStatistics } from "./sync/semaphore.js";
export { Barrier, type BarrierStatistics } from "./sync/barrier.js";
export { Queue, PriorityQueue, LifoQueue, type QueueStatistics, type QueueOptions } from "./queues/queue.js";
export { dumpTasks, formatTaskTree, formatTaskTable, type TaskInfo } from "./introspect.js";
