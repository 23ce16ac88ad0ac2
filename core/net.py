"""Client addresses as rate limits see them: one IPv4 address, or one IPv6 /64 network.

An IPv6 customer is usually given a whole /64 (often a /56 or a /48), and can send from any of
its 2^64 addresses, so a limit per IPv6 address limits nothing. Limits therefore count per
*address group*: an IPv4 address is its own group; an IPv6 address belongs to its /64. An
IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, what a dual-stack socket reports for an IPv4
client) is the IPv4 address it maps.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.db.models import CharField, F, Lookup, Q, Value
from django.db.models.expressions import Expression

IPV6_GROUP_PREFIX = 64


def address_group(ip: str) -> str:
    """The group `ip` counts in: "192.0.2.1" for an IPv4 address, "2001:db8:1:2::/64" for any
    IPv6 address of that /64. Raises ValueError for something that is not an address."""
    address = ipaddress.ip_address(ip.strip())
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        network = ipaddress.IPv6Network(f"{address}/{IPV6_GROUP_PREFIX}", strict=False)
        return str(network)
    return str(address)


class InetContainedOrEqual(Lookup):
    """`lhs <<= rhs::inet` (PostgreSQL: the address lies in the network, or is it). The
    network is a bound parameter; PostgreSQL turns the test into a range scan of a b-tree
    index on the address column."""

    lookup_name = "inet_contained_or_equal"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} <<= ({rhs})::inet", (*lhs_params, *rhs_params)


def in_address_group(field: str, ip: str) -> Q | Expression:
    """A filter for rows whose address column `field` is in the same group as `ip`:
    `queryset.filter(in_address_group("ip_address", ip))`."""
    group = address_group(ip)
    if "/" in group:
        return InetContainedOrEqual(F(field), Value(group, output_field=CharField()))
    # an IPv4 address, stored as itself or as its IPv4-mapped IPv6 form
    return Q(**{field: group}) | Q(**{field: f"::ffff:{group}"})
