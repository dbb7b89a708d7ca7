// Registers the numeric checks; each module calls registerCheck() for its rule.
import './availability-budget';
