"""Type tokens of the resources, shared by the provider, the stack and the policy pack."""

DEDICATED_IP_POOL = "pulumi-python:dynamic/mailgun:DedicatedIpPool"
