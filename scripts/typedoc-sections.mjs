// typedoc-sections.mjs: a TypeDoc plugin (typedoc.json) that files every exported name of the
// reference under the section of asyncio's documentation it belongs to (runners, tasks,
// synchronization, queues, streams, subprocesses, event loop, exceptions, hosts), from the
// folder that defines it, so the sections follow the source layout without a tag on each
// declaration. A declaration's own `@category` wins.
import { Converter, Comment, CommentTag, ReflectionKind } from "typedoc";

const SECTIONS = [
  [/^ts\/runners\.ts$/, "Runners"],
  [/^ts\/(tasks|introspect\.ts)/, "Tasks"],
  [/^ts\/sync\//, "Synchronization"],
  [/^ts\/queues\//, "Queues"],
  [/^ts\/(streams|net)\//, "Streams"],
  [/^ts\/process\//, "Subprocesses"],
  [/^ts\/(loop|workers)\//, "Event loop"],
  [/^ts\/errors\.ts$/, "Exceptions"],
  [/^host\//, "Hosts"],
];

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    for (const r of project.getReflectionsByKind(ReflectionKind.SomeExport)) {
      if (r.parent !== project && !r.parent?.kindOf(ReflectionKind.Module)) continue;
      const file = r.sources?.[0]?.fileName?.replace(/^.*?\b(ts|host)\//, "$1/");
      const section = SECTIONS.find(([re]) => file && re.test(file))?.[1];
      if (!section) continue;
      r.comment ??= new Comment();
      if (!r.comment.blockTags.some((t) => t.tag === "@category")) r.comment.blockTags.push(new CommentTag("@category", [{ kind: "text", text: section }]));
    }
  }, 200);
}
