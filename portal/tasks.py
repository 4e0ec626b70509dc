from celery import shared_task

from .services import heartbeat_record


@shared_task(name="portal.tasks.heartbeat")
def heartbeat() -> str:
    """Write the time this worker ran; /healthz reads it back."""
    return heartbeat_record().ran_at.isoformat()
