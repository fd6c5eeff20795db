"""The two baselines the room benchmark measures Pavilion against, in the same run."""
