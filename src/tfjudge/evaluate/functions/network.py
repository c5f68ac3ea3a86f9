"""CIDR functions (terraform funcs/cidr.go over go-cidr): cidrsubnet, cidrsubnets,
cidrhost, cidrnetmask, with terraform's error cases."""

from __future__ import annotations

import ipaddress

from tfjudge.evaluate.expressions import EvalError
from tfjudge.evaluate.functions import Call, function
from tfjudge.evaluate.functions.strings import whole_number
from tfjudge.evaluate.numbers import Num
from tfjudge.evaluate.values import NUMBER, STRING, TfList, Value
from tfjudge.patterns import lazy_pattern

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_IPV4 = lazy_pattern(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})")


def parse_cidr(text: str) -> Network:
    """ipaddr.ParseCIDR: an address (host bits may be set) and a prefix length."""
    address, slash, length = text.partition("/")
    if not slash or not length.isdigit() or not length.isascii():
        raise EvalError(f"invalid CIDR expression: invalid CIDR address: {text}")
    match = _IPV4.fullmatch(address)
    if match:
        octets = [int(g) for g in match.groups()]
        if any(o > 255 for o in octets):
            raise EvalError(f"invalid CIDR expression: invalid CIDR address: {text}")
        address = ".".join(map(str, octets))
    try:
        network = ipaddress.ip_network(f"{address}/{int(length)}", strict=False)
    except ValueError:
        raise EvalError(f"invalid CIDR expression: invalid CIDR address: {text}") from None
    return network


def _whole(value: Num) -> int:
    number = value.as_int()
    if number is None:
        raise EvalError("value must be a whole number")
    return number


def subnet(network: Network, newbits: int, netnum: int) -> Network:
    parent = network.prefixlen
    new_prefix = parent + newbits
    if new_prefix > network.max_prefixlen:
        raise EvalError(f"insufficient address space to extend prefix of {parent} by {newbits}")
    if new_prefix < 0 or netnum < 0:
        raise EvalError("invalid subnet request")
    if netnum > (1 << newbits) - 1:
        raise EvalError(
            f"prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"
        )
    base = int(network.network_address)
    shift = network.max_prefixlen - new_prefix
    address = base | (netnum << shift)
    if network.version == 4:
        return ipaddress.IPv4Network((address, new_prefix))
    return ipaddress.IPv6Network((address, new_prefix))


@function("cidrsubnet", STRING, NUMBER, NUMBER)
def _cidrsubnet(call: Call, prefix: str, newbits: Num, netnum: Num) -> Value:
    bits = whole_number(newbits)
    number = _whole(netnum)
    network = parse_cidr(prefix)
    return str(subnet(network, bits, number))


@function("cidrhost", STRING, NUMBER)
def _cidrhost(call: Call, prefix: str, hostnum: Num) -> Value:
    number = _whole(hostnum)
    network = parse_cidr(prefix)
    size = network.num_addresses
    if number < 0:
        number += size
        if number < 0:
            raise EvalError(
                f"prefix of {network.prefixlen} does not accommodate a host numbered "
                f"{number - size}"
            )
    elif number >= size:
        raise EvalError(
            f"prefix of {network.prefixlen} does not accommodate a host numbered {number}"
        )
    return str(network.network_address + number)


@function("cidrnetmask", STRING)
def _cidrnetmask(call: Call, prefix: str) -> Value:
    network = parse_cidr(prefix)
    if network.version != 4:
        raise EvalError(f"IPv6 addresses cannot have a netmask: {prefix}")
    return str(network.netmask)


@function("cidrsubnets", STRING, variadic=NUMBER)
def _cidrsubnets(call: Call, prefix: str, *newbits: Num) -> Value:
    """go-cidr PreviousSubnet, then NextSubnet for each requested size."""
    network = parse_cidr(prefix)
    if not newbits:
        return TfList(element=STRING)
    width = network.max_prefixlen
    total = 1 << width
    start = network.prefixlen
    first = int(network.network_address)

    def last_of(address: int, length: int) -> int:
        return address | ((1 << (width - length)) - 1)

    def masked(address: int, length: int) -> int:
        return address & ~((1 << (width - length)) - 1) & (total - 1)

    first_length = start + whole_number(newbits[0])
    current = (masked((first - 1) % total, first_length), first_length)
    results: list[Value] = []
    for position, bits_value in enumerate(newbits):
        bits = whole_number(bits_value)
        if bits < 1:
            raise EvalError(f"argument {position + 1}: must extend prefix by at least one bit")
        if bits > 32:
            raise EvalError(f"argument {position + 1}: may not extend prefix by more than 32 bits")
        length = start + bits
        if length > width:
            protocol = "IPv4" if width == 32 else "IPv6"
            raise EvalError(
                f"would extend prefix to {length} bits, which is too long for an {protocol} address"
            )
        following = (last_of(masked(last_of(*current), length), length) + 1) % total
        candidate = masked(following, length)
        if following == 0 or not first <= candidate < first + network.num_addresses:
            raise EvalError(
                f"not enough remaining address space for a subnet with a prefix of {length} bits"
            )
        current = (candidate, length)
        results.append(_network_text(candidate, length, network.version))
    return TfList(results, STRING)


def _network_text(address: int, length: int, version: int) -> str:
    if version == 4:
        return str(ipaddress.IPv4Network((address, length)))
    return str(ipaddress.IPv6Network((address, length)))
