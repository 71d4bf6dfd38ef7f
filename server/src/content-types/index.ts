import enrollment from './enrollment/schema.json';
import group from './group/schema.json';
import groupManager from './group-manager/schema.json';
import invitation from './invitation/schema.json';
import memberMessage from './member-message/schema.json';
import outboxMessage from './outbox-message/schema.json';
import periodClaim from './period-claim/schema.json';
import notificationPreference from './notification-preference/schema.json';
import joinCode from './join-code/schema.json';
import attemptCounter from './attempt-counter/schema.json';
import membershipRule from './membership-rule/schema.json';
import ruleMember from './rule-member/schema.json';

export default {
  group: { schema: group },
  enrollment: { schema: enrollment },
  'group-manager': { schema: groupManager },
  invitation: { schema: invitation },
  'member-message': { schema: memberMessage },
  'outbox-message': { schema: outboxMessage },
  'period-claim': { schema: periodClaim },
  'notification-preference': { schema: notificationPreference },
  'join-code': { schema: joinCode },
  'attempt-counter': { schema: attemptCounter },
  'membership-rule': { schema: membershipRule },
  'rule-member': { schema: ruleMember },
};
