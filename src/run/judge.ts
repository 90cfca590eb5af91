import type { AssertionEvent, CbEventOf } from '../core/events.js';
// Not the barrel: it would load ajv for every run, and only --expect-schema needs it.
import { evaluateExpectation, expectationMentions } from '../core/assertions/evaluate-expectation.js';
import type { Expectation } from '../core/assertions/predicates.js';
import type { SchemaFailure } from '../core/assertions/schema-failures.js';
import { describeSchemaFailures } from '../core/assertions/schema-failures.js';
import { judgeReceiverFindings } from '../core/receiver-verdicts.js';
import type { Flow } from '../flows/flow.js';

export interface ParsedExpectation {
  text: string;
  expectation: Expectation;
}

export interface BodySchemaCheck {
  label: string;
  validate: (value: unknown) => SchemaFailure[];
}

export interface JudgeInputs {
  expectations: ParsedExpectation[];
  until: ParsedExpectation | null;
  schemas: BodySchemaCheck[];
  flow: Flow | null;
}

export type AssertionDraft = Omit<AssertionEvent, 'type'>;

/** Judges callbacks: --until decides which ones count; --expect, --expect-schema and the flow's checks judge them. */
export class Judge {
  constructor(private readonly inputs: JudgeInputs) {}

  get hasUntil(): boolean {
    return this.inputs.until !== null;
  }

  get expressions(): string[] {
    return [...this.inputs.expectations.map((item) => item.text), ...this.inputs.schemas.map((schema) => schema.label)];
  }

  /** True when the user named this member in an --expect (the JSON-RPC `error` rule defers to them then). */
  mentions(member: string): boolean {
    return this.inputs.expectations.some((item) => expectationMentions(item.expectation, member));
  }

  satisfiesUntil(subject: object): boolean {
    const until = this.inputs.until;
    return until === null || evaluateExpectation(until.expectation, subject).pass;
  }

  judge(callback: CbEventOf<'callback'>): AssertionDraft[] {
    const drafts: AssertionDraft[] = [];
    for (const { text, expectation } of this.inputs.expectations) {
      const verdict = evaluateExpectation(expectation, callback);
      drafts.push({ expr: text, pass: verdict.pass, actual: verdict.actual, eventSeq: callback.seq, message: verdict.message });
    }
    for (const schema of this.inputs.schemas) {
      const failures = schema.validate(callback.body);
      const first = failures[0];
      drafts.push({
        expr: schema.label,
        pass: failures.length === 0,
        actual: first ? first.actual : null,
        eventSeq: callback.seq,
        message: first ? `${schema.label}: ${describeSchemaFailures(failures)}` : `${schema.label}: body matches`,
      });
    }
    for (const finding of judgeReceiverFindings(callback, (member) => this.mentions(member))) drafts.push({ ...finding, eventSeq: callback.seq });
    for (const check of this.inputs.flow?.check?.(callback, this) ?? []) {
      drafts.push({ expr: check.expr, pass: check.pass, actual: check.actual, eventSeq: callback.seq, message: check.message });
    }
    return drafts;
  }
}
