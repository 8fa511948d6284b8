"""Claiming a queued record (a ranking run, an import job) for the Celery task that runs it."""


def claim_for_task(rows, *, task_id: str, queued: str, running: str, **fresh) -> str | None:
    """Move the queued record of `rows` to running for `task_id`: "claimed"; or let that same
    task take back the record it was running: "resumed"; otherwise None (another task has it,
    it has finished, or it is gone).

    The same task comes again only when the broker delivers it anew, which, with late
    acknowledgement, means the worker running it was lost; any other message for the record
    (a duplicate, the command line without a task id) leaves a running record alone.
    `fresh` holds the fields to reset either way (start time, progress).
    """
    if rows.filter(status=queued).update(status=running, task_id=task_id, **fresh):
        return "claimed"
    if task_id and rows.filter(status=running, task_id=task_id).update(**fresh):
        return "resumed"
    return None
