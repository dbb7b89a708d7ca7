// Registers the numeric checks; each module calls registerCheck() for its rule.
import './availability-budget';
import './connection-pool-overflow';
import './rpo-backup-mismatch';
import './timeout-budget';
import './replication-factor';
