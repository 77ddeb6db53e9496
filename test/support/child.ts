// Child processes started by the browser suites (`npm start` and its dev loop): started with a pipe on
// stdout/stderr, waited for a line, and always stopped — SIGTERM, then SIGKILL if it has not exited in time.
import { spawn, type ChildProcess } from "child_process";
import path from "path";
import { REPO } from "./dist";

export interface Started {
  child: ChildProcess;
  /** Everything the child printed so far (stdout and stderr). */
  output(): string;
}

/** Runs `node scripts/start.mjs <args>` in the repository. */
export function startScript(args: string[]): Started {
  const child = spawn(process.execPath, [path.join(REPO, "scripts", "start.mjs"), ...args], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (d) => (text += d));
  child.stderr!.on("data", (d) => (text += d));
  return { child, output: () => text };
}

/** Resolves with the first match of `re` in the output; rejects on exit or after `ms`. */
export function waitForOutput(s: Started, re: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = re.exec(s.output());
      if (!m) return false;
      cleanup();
      resolve(m);
      return true;
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${re} within ${ms} ms:\n${s.output()}`));
    }, ms);
    const onData = () => void check();
    const onExit = (code: number | null) => {
      if (check()) return;
      cleanup();
      reject(new Error(`exited (${code}) before ${re}:\n${s.output()}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      s.child.stdout!.off("data", onData);
      s.child.stderr!.off("data", onData);
      s.child.off("exit", onExit);
    };
    s.child.stdout!.on("data", onData);
    s.child.stderr!.on("data", onData);
    s.child.on("exit", onExit);
    check();
  });
}

/** Stops the child (SIGTERM, then SIGKILL after `ms`) and resolves once it has exited. */
export function stopChild(child: ChildProcess | undefined, ms = 10000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
