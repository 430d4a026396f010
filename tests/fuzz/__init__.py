"""The fuzz suite: mutated real inputs give a plan or a KepuPlanError, never anything else."""
