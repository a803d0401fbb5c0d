"""Type tokens of the resources and Mailgun's fixed vocabularies, shared by the provider,
the stack and the policy pack."""

PREFIX = "pulumi-python:dynamic/mailgun:"

DEDICATED_IP_POOL = PREFIX + "DedicatedIpPool"
DEDICATED_IP_POOL_DELEGATION = PREFIX + "DedicatedIpPoolDelegation"
DYNAMIC_POOL_MEMBERSHIP = PREFIX + "DynamicPoolMembership"
DYNAMIC_POOL_ENROLLMENT = PREFIX + "DynamicPoolEnrollment"
DOMAIN_IP_ASSIGNMENT = PREFIX + "DomainIpAssignment"
IP_WARMUP = PREFIX + "IpWarmup"
WEBHOOK = PREFIX + "Webhook"
ACCOUNT_WEBHOOK = PREFIX + "AccountWebhook"
SUBACCOUNT = PREFIX + "Subaccount"
SUBACCOUNT_IP_LINK = PREFIX + "SubaccountIpLink"

# The event names the webhook APIs accept.
WEBHOOK_EVENTS = ("accepted", "clicked", "complained", "delivered", "opened",
                  "permanent_fail", "temporary_fail", "unsubscribed")
MAX_WEBHOOK_URLS = 3
DYNAMIC_POOLS = ("dynamic_good", "dynamic_poor", "dynamic_new")
