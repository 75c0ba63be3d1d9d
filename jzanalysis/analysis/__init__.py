"""The arithmetic: paces, plan-time assessment, self-audit, yearly status, final evaluation, what changed."""
