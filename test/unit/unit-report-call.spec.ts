// A report that meets no unit workflow: not open yet while the unit's workflow is not started (the
// moment after the sign-off when the read model says "running" and the units are being started),
// "ended" once it has closed; any other failure answered as an event's would be.
import { WorkflowNotFoundError } from '@temporalio/client';
import { DomainError } from '../../src/common/domain-error';
import { callUnitWorkflow } from '../../src/campaigns/unit-report-call';

const missing = () => new WorkflowNotFoundError('workflow not found for ID: campaign-x-unit-district-yuzhong', 'campaign-x-unit-district-yuzhong', undefined);
const unit = (described: () => Promise<unknown>) => ({ describe: described }) as never;
const refusal = async (send: () => Promise<unknown>, described: () => Promise<unknown>) => {
  const err = await callUnitWorkflow(unit(described), send).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
};

describe('a unit report sent to its workflow', () => {
  it('is "not open yet" in both languages (409) while the unit workflow is not started', async () => {
    const err = await refusal(() => Promise.reject(missing()), () => Promise.reject(missing()));
    expect(err.code).toBe('CONFLICT');
    expect(err.text).toEqual({ 'zh-CN': '该单位的报送尚未开放，请稍后再试', en: 'Reporting for this unit is not open yet; try again shortly' });
  });

  it('is "ended" (409) once the unit workflow has closed', async () => {
    const closed = () => new WorkflowNotFoundError('workflow execution already completed', 'campaign-x-unit-district-yuzhong', undefined);
    const err = await refusal(() => Promise.reject(closed()), () => Promise.resolve({ status: { name: 'COMPLETED' } }));
    expect(err.code).toBe('CONFLICT');
    expect(err.text['zh-CN']).toContain('已结束');
  });

  it('passes the workflow’s answer through when it takes the report', async () => {
    await expect(callUnitWorkflow(unit(() => Promise.reject(new Error('not asked'))), () => Promise.resolve('taken'))).resolves.toBe('taken');
  });
});
