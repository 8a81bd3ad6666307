// index.ts: the public API of wasyncio (API.md). Re-exports only.
export {
  CancelledError, TimeoutError, InvalidStateError, RuntimeError, QueueEmpty, QueueFull, QueueShutDown,
  IncompleteReadError, LimitOverrunError, BrokenBarrierError, ExceptionGroup, SendfileNotAvailableError,
  KeyboardInterrupt, SystemExit, InternalError,
} from "./errors.js";
export { Future, isFuture } from "./futures.js";
export { Task, type Coro, type CoroutineLike, type TaskOptions } from "./task.js";
export { Op, op } from "./ops.js";
export { EventLoop, Handle, TimerHandle, newEventLoop, type ExceptionContext, type ExceptionHandler, type LoopOptions } from "./events.js";
export { getRunningLoop } from "./_running.js";
export {
  createTask, currentTask, allTasks, ensureFuture, wrapPromise, sleep, gather, shield, wait, asCompleted,
  GatheringFuture, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED, type Awaitable,
} from "./tasks.js";
export { waitFor } from "./waitfor.js";
export { timeout, timeoutAt, Timeout } from "./timeouts.js";
export { taskGroup, TaskGroup } from "./taskgroups.js";
export { run, Runner, type RunOptions } from "./runners.js";
export { VirtualClock, PerformanceClock } from "../host/clock.js";
export type { Host, Clock } from "../host/host.js";
export { eagerTaskFactory, createEagerTaskFactory } from "./eager.js";
// I/O (issue #4): streams, transports and protocols, servers, subprocesses, signals, executors.
export {
  StreamReader, StreamWriter, StreamReaderProtocol, openConnection, openUnixConnection, startServer, startUnixServer, DEFAULT_LIMIT,
  type ClientConnectedCallback, type StreamOptions, type StreamServerOptions,
} from "./streams.js";
export { Server } from "./servers.js";
export {
  StreamTransport, DEFAULT_HIGH_WATER, type Transport, type BaseTransport, type ReadTransport, type WriteTransport,
  type DatagramTransport, type SubprocessTransport,
} from "./transports.js";
export type { Protocol, BufferedProtocol, DatagramProtocol, SubprocessProtocol, BaseProtocol } from "./protocols.js";
export type { ConnectionOptions, ServerOptions, DatagramOptions, StartTlsOptions } from "./loop-io.js";
export type { SockAddr, TlsOptions } from "../host/host.js";
export {
  Process, createSubprocessExec, createSubprocessShell, PIPE, STDOUT, DEVNULL, SubprocessTransportImpl,
  type Stdio, type SubprocessOptions,
} from "./subprocess.js";
export { WorkerPool, toThread } from "./executor.js";
export { installedSignalHandlers } from "./signals.js";
export { Lock, Event, Condition, Semaphore, BoundedSemaphore, Barrier, type LockStatistics, type EventStatistics, type SemaphoreStatistics, type BarrierStatistics } from "./locks.js";
export { Queue, PriorityQueue, LifoQueue, type QueueStatistics, type QueueOptions } from "./queues.js";
export { dumpTasks, formatTaskTree, type TaskInfo } from "./introspect.js";
