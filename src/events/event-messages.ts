// Sending human actions to an event's workflow, and turning its refusals into HTTP answers.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
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

/** Runs a message to a workflow; a validator's refusal becomes a DomainError of the same kind. */
export async function toEvent<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && REFUSAL_KINDS.includes(cause.type as RefusalKind)) {
      const [zh, en] = split(cause.message);
      const details = (cause.details?.[0] as FieldError[] | undefined) ?? undefined;
      throw new DomainError(cause.type as RefusalKind, zh, en, details);
    }
    if (err instanceof WorkflowNotFoundError || isClosedWorkflowError(err)) {
      throw new DomainError('CONFLICT', '活动流程已结束，不能再办理', "The event's workflow has ended");
    }
    throw err;
  }
}

function isClosedWorkflowError(err: unknown): boolean {
  const message = err instanceof Error ? err.message : '';
  return /workflow execution already completed|workflow.*(completed|closed|not found)/i.test(message);
}
