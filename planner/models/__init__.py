"""SQLAlchemy models, one module per aggregate; importing this registers them all."""
from planner.models.absence import Absence
from planner.models.audit import AuditEntry
from planner.models.calendar import ClosedDay
from planner.models.costing import CostProfile
from planner.models.department import Department
from planner.models.handover import Handover, HandoverLine
from planner.models.inventory import InventoryAnswer, InventoryCycle
from planner.models.notification import Notification
from planner.models.occurrence import Occurrence
from planner.models.procedure import ProcedureVersion
from planner.models.ratelimit import RateLimitCounter
from planner.models.setting import Setting
from planner.models.suggestion import Suggestion, SuggestionDecision
from planner.models.task import Task, TaskOwner
from planner.models.training import TrainingPlan
from planner.models.user import ApiToken, User, user_departments

__all__ = [
    "Absence",
    "ApiToken",
    "AuditEntry",
    "ClosedDay",
    "CostProfile",
    "Department",
    "Handover",
    "HandoverLine",
    "InventoryAnswer",
    "InventoryCycle",
    "Notification",
    "Occurrence",
    "ProcedureVersion",
    "RateLimitCounter",
    "Setting",
    "Suggestion",
    "SuggestionDecision",
    "Task",
    "TaskOwner",
    "TrainingPlan",
    "User",
    "user_departments",
]
