"""The roster of employees (従業員) the back office serves: mostly not users of the planner."""
