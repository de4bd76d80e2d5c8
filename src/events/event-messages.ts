// Calling an event's workflow (human actions as Updates, its state as a Query), and turning its
// refusals into HTTP answers.
import { isGrpcServiceError, ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { REFUSAL_KINDS, type Actor, type RefusalKind } from '../../workflows/event-model';
import type { FieldError } from '../../workflows/forms';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';

export function actorOf(user: AuthUser): Actor {
  return {
    id: user.id,
    displayName: user.displayName,
    isAdmin: hasRole(user, 'admin'),
    liaisonOf: user.roles.filter((r) => r.role === 'district-liaison' || r.role === 'member-liaison').map((r) => r.unitCode),
  };
}

function split(message: string): [string, string] {
  const at = message.indexOf(' / ');
  return at < 0 ? [message, message] : [message.slice(0, at), message.slice(at + 3)];
}

/**
 * Sends an Update or a Query to an event's workflow and answers its refusals as HTTP would: a
 * validator's refusal becomes a DomainError of the same kind, a workflow that has ended a 409,
 * Temporal unreachable a 503.
 */
export async function callWorkflow<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    throw asDomainError(err);
  }
}

/** The DomainError a failed call to a workflow stands for; anything else is answered as it is. */
export function asDomainError(err: unknown): unknown {
  const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
  if (cause instanceof ApplicationFailure && REFUSAL_KINDS.includes(cause.type as RefusalKind)) {
    const [zh, en] = split(cause.message);
    const details = (cause.details?.[0] as FieldError[] | undefined) ?? undefined;
    return new DomainError(cause.type as RefusalKind, zh, en, details);
  }
  if (workflowGone(err) || isClosedWorkflowError(err)) {
    return new DomainError('CONFLICT', '活动流程已结束，不能再办理', "The event's workflow has ended");
  }
  if (isTemporalUnreachable(err)) {
    // The action may or may not have reached the workflow: a retry is safe, as an action
    // already taken is refused with 409.
    return new DomainError(
      'UNAVAILABLE',
      '流程服务暂不可用，请稍后重试（若已办理，重试时会提示）',
      'The workflow service is unavailable; try again shortly (if the action was taken, the retry says so)',
    );
  }
  return err;
}

/** Temporal no longer has the workflow: never started, or its history removed after retention. */
export function workflowGone(err: unknown): boolean {
  return err instanceof WorkflowNotFoundError;
}

/**
 * Temporal could not be reached or did not answer in time (a restart, a network cut), or the
 * workflow cannot take an Update for a moment: while its workflow task is being retried (after a
 * worker died holding it) the server refuses Updates with FAILED_PRECONDITION until it completes.
 */
const UNREACHABLE_GRPC_CODES = [14 /* UNAVAILABLE */, 4 /* DEADLINE_EXCEEDED */];
const FAILED_PRECONDITION = 9;
function isTemporalUnreachable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const grpc = err instanceof ServiceError ? err.cause : err;
  if (!isGrpcServiceError(grpc)) return false;
  return UNREACHABLE_GRPC_CODES.includes(grpc.code) || (Number(grpc.code) === FAILED_PRECONDITION && /Workflow Task in failed state/i.test(grpc.message));
}

function isClosedWorkflowError(err: unknown): boolean {
  const message = err instanceof Error ? err.message : '';
  return /workflow execution already completed|workflow.*(completed|closed|not found)/i.test(message);
}
