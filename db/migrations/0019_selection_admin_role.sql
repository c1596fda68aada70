-- The selection administrator (评选管理员, issue 12): runs nomination campaigns, records reviews and award decisions,
-- and decides revocations at the level of the unit where the role is granted.
ALTER TABLE role_grants DROP CONSTRAINT role_grants_role_check;
ALTER TABLE role_grants ADD CONSTRAINT role_grants_role_check
    CHECK (role IN ('manager', 'viewer', 'sysadmin', 'auditor', 'view_full_id', 'policy_admin', 'finance', 'selection_admin'));
ALTER TABLE grant_proposals DROP CONSTRAINT grant_proposals_role_check;
ALTER TABLE grant_proposals ADD CONSTRAINT grant_proposals_role_check
    CHECK (role IN ('manager', 'viewer', 'sysadmin', 'auditor', 'view_full_id', 'policy_admin', 'finance', 'selection_admin'));
