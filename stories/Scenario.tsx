import { useEffect, useRef, useState, type ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';

/**
 * A story's interaction, run only when the viewer presses "Run scenario": the steps press the
 * story's own buttons (each highlighted for a moment before the click) and wait for what the
 * page shows, one at a time, ticking a numbered list as they go. The final state stays on
 * screen. The story tests run the same steps by pressing the same button, in a copy of the
 * story tagged `!dev` (a play function also runs in the viewer, so the viewer's own story never
 * presses it).
 */

/** What a step may do to the story it runs in. */
export interface ScenarioContext {
  /** The story's block (the `.demo` section around the scenario): where steps find buttons and read state. */
  root: HTMLElement;
  /** 1 on the first run, 2 on the next press of "Run scenario", and so on. */
  run: number;
  /** Highlights `target` for a moment, so the viewer sees what is pressed, then clicks it. */
  press(target: Element | null | undefined, what: string): Promise<void>;
  /** Resolves once `check()` holds (it is polled; a throw counts as false); the step fails naming `what` after `timeoutMs`. */
  until(what: string, check: () => boolean, timeoutMs?: number): Promise<void>;
  sleep(ms: number): Promise<void>;
}

export interface ScenarioStep {
  /** What the step does and what it expects, in a line. */
  label: ReactNode;
  /** Does the step and waits for its effect; a string it returns is shown after the label, as what was seen. */
  run(context: ScenarioContext): Promise<string | void> | string | void;
}

/** How long a pressed button is highlighted before the click, and the pause between steps, so a person can follow. */
const PRESS_MS = 350;
const PAUSE_MS = 500;

/** The text of the element with `data-testid={id}` under `root`, or '' if there is none. */
export function textOf(root: ParentNode, id: string): string {
  return root.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
}

/** The button under `root` whose text is `name` (or matches it), or null. */
export function buttonOf(root: ParentNode, name: string | RegExp): HTMLButtonElement | null {
  const named = (text: string) => (typeof name === 'string' ? text === name : name.test(text));
  return Array.from(root.querySelectorAll('button')).find((button) => named(button.textContent?.trim() ?? '')) ?? null;
}

function contextFor(root: HTMLElement, run: number, signal: AbortSignal): ScenarioContext {
  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new Error('stopped'));
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('stopped'))), { once: true });
    });
  return {
    root,
    run,
    sleep,
    async press(target, what) {
      // Not `instanceof HTMLElement`: a button in a frame (the cross-tab story's tabs) is another window's element.
      if (!target || !('click' in target)) throw new Error(`no ${what} to press`);
      if ((target as HTMLButtonElement).disabled) throw new Error(`${what} is disabled`);
      target.setAttribute('data-scenario-press', '');
      try {
        await sleep(PRESS_MS);
      } finally {
        target.removeAttribute('data-scenario-press');
      }
      (target as HTMLElement).click();
    },
    async until(what, check, timeoutMs = 10_000) {
      const holds = () => {
        try {
          return check();
        } catch {
          return false;
        }
      };
      const deadline = Date.now() + timeoutMs;
      while (!holds()) {
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
        await sleep(50);
      }
    },
  };
}

type Progress =
  | { state: 'idle' }
  | { state: 'running' | 'done'; run: number; at: number; seen: string[] }
  | { state: 'failed'; run: number; at: number; seen: string[]; error: string };

/** The "Run scenario" panel: a real button, a caption of what it will do, and the steps, ticked as they pass. */
export function Scenario({ caption, steps }: { caption: ReactNode; steps: readonly ScenarioStep[] }) {
  const box = useRef<HTMLDivElement>(null);
  const running = useRef<AbortController | null>(null);
  const [progress, setProgress] = useState<Progress>({ state: 'idle' });
  useEffect(() => () => running.current?.abort(), []);

  const start = async () => {
    const root = box.current?.closest<HTMLElement>('.demo') ?? box.current;
    if (!root || progress.state === 'running') return;
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    const run = progress.state === 'idle' ? 1 : progress.run + 1;
    const context = contextFor(root, run, controller.signal);
    const seen: string[] = [];
    let at = 0;
    setProgress({ state: 'running', run, at, seen: [] });
    try {
      for (const [index, step] of steps.entries()) {
        at = index;
        setProgress({ state: 'running', run, at, seen: [...seen] });
        seen.push((await step.run(context)) ?? '');
        setProgress({ state: 'running', run, at, seen: [...seen] });
        if (index < steps.length - 1) await context.sleep(PAUSE_MS);
      }
      setProgress({ state: 'done', run, at: steps.length, seen });
    } catch (error) {
      if (!controller.signal.aborted) setProgress({ state: 'failed', run, at, seen, error: error instanceof Error ? error.message : String(error) });
    }
  };

  const stepState = (index: number) => {
    if (progress.state === 'idle' || index > progress.at) return 'pending';
    if (index < progress.seen.length) return 'done';
    return progress.state === 'failed' ? 'failed' : 'running';
  };
  const summary =
    progress.state === 'idle'
      ? `${steps.length} steps. Nothing runs until you press Run scenario.`
      : progress.state === 'running'
        ? `Step ${progress.at + 1} of ${steps.length}…`
        : progress.state === 'failed'
          ? `Stopped at step ${progress.at + 1}: ${progress.error}.`
          : `Done: all ${steps.length} steps passed. What they left stays on screen.`;
  const marks = { pending: '', running: 'now: ', done: 'done: ', failed: 'failed: ' } as const;

  return (
    <div ref={box} className="scenario" role="group" aria-label="Scenario" data-state={progress.state}>
      <div className="scenario-head">
        <button type="button" className="scenario-run" onClick={() => void start()} disabled={progress.state === 'running'}>
          {progress.state === 'running' ? 'Running…' : 'Run scenario'}
        </button>
        <p className="scenario-caption">{caption}</p>
      </div>
      <ol className="scenario-steps">
        {steps.map((step, index) => {
          const state = stepState(index);
          const seen = progress.state === 'idle' ? '' : (progress.seen[index] ?? '');
          return (
            <li key={index} data-state={state} aria-current={state === 'running' ? 'step' : undefined}>
              <span className="scenario-mark" aria-hidden="true">
                {state === 'done' ? '✓' : state === 'failed' ? '✕' : index + 1}
              </span>
              <span>
                <span className="visually-hidden">{marks[state]}</span>
                {step.label}
                {seen && <span className="scenario-seen"> {seen}</span>}
              </span>
            </li>
          );
        })}
      </ol>
      <p className="scenario-summary" aria-live="polite" data-testid="scenario-summary">
        {summary}
      </p>
    </div>
  );
}

/** For a play function: the scenario is there and has not run (the viewer's story never presses it). */
export async function expectScenarioIdle(canvasElement: HTMLElement): Promise<void> {
  const canvas = within(canvasElement);
  expect(canvas.getByRole('group', { name: 'Scenario' })).toHaveAttribute('data-state', 'idle');
  expect(canvas.getByRole('button', { name: 'Run scenario' })).toBeEnabled();
}

/** For a test-only story's play: press "Run scenario", as a viewer would. */
export async function runScenario(canvasElement: HTMLElement): Promise<void> {
  await userEvent.click(within(canvasElement).getByRole('button', { name: 'Run scenario' }));
}

/** Waits until step `number` (1-based) has passed; if the scenario stopped, the failure quotes why. */
export async function stepPassed(canvasElement: HTMLElement, number: number, timeout = 15_000): Promise<void> {
  const group = within(canvasElement).getByRole('group', { name: 'Scenario' });
  await waitFor(
    () => {
      expect(textOf(group, 'scenario-summary')).not.toMatch(/^Stopped/);
      expect(group.querySelectorAll('.scenario-steps > li')[number - 1]).toHaveAttribute('data-state', 'done');
    },
    { timeout },
  );
}

/** Waits until every step has passed, and the panel says so. */
export async function scenarioDone(canvasElement: HTMLElement, timeout = 15_000): Promise<void> {
  const group = within(canvasElement).getByRole('group', { name: 'Scenario' });
  await waitFor(() => expect(group).toHaveAttribute('data-state', 'done'), { timeout });
  expect(within(group).getByTestId('scenario-summary')).toHaveTextContent(/^Done: all \d+ steps passed/);
  expect(within(group).getByRole('button', { name: 'Run scenario' })).toBeEnabled();
}
