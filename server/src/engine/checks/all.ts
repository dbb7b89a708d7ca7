// Registers the numeric checks; each module calls registerCheck() for its rule.
export {};
