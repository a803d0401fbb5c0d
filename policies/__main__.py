"""Builds the policy pack; the rules live in mailgun_policies, one concern per module."""

from pulumi_policy import PolicyPack

from mailgun_policies import PACK, POLICIES

PolicyPack(name=PACK, policies=POLICIES)
