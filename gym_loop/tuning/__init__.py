"""Hyperparameter tuning with Optuna: ``gym-loop tune`` (see :doc:`/tuning`)."""
