from .programme import Programme, Task, TaskGroup, TaskKind, Theme

__all__ = ["Programme", "Task", "TaskGroup", "TaskKind", "Theme"]
