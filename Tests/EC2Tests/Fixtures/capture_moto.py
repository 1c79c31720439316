"""Captures the EC2 responses the unit tests decode, from a real moto_server.

Run once by hand:  python3 capture_moto.py PORT   (with `moto_server -H 127.0.0.1 -p PORT` running).
AuthFailure.xml is what `INITIAL_NO_AUTH_ACTION_COUNT=0 moto_server` answers to an unknown access key.
It writes one .xml file per response next to itself. moto 5.2.1 produced the committed files.
"""
import sys, urllib.request, urllib.parse, os, re

PORT = int(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
AUTH = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0"


def call(params):
    body = urllib.parse.urlencode(dict(params, Version="2016-11-15")).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}/", data=body, headers={"Authorization": AUTH})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def save(name, params):
    status, text = call(params)
    with open(os.path.join(HERE, name + ".xml"), "w") as f:
        f.write(text)
    return text


key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKwQ8DqVQvwOXn8bK6+2NdYVxYBDhwprTuGNrKUrJ9wY ess"
import base64
save("ImportKeyPair", {"Action": "ImportKeyPair", "KeyName": "ess-c1", "PublicKeyMaterial": base64.b64encode(key.encode()).decode(),
                       "TagSpecification.1.ResourceType": "key-pair", "TagSpecification.1.Tag.1.Key": "ess:cluster", "TagSpecification.1.Tag.1.Value": "ess-c1"})
save("DescribeKeyPairs", {"Action": "DescribeKeyPairs", "KeyName.1": "ess-c1", "IncludePublicKey": "true"})
save("DescribeKeyPairs-NotFound", {"Action": "DescribeKeyPairs", "KeyName.1": "nokey"})
vpcs = save("DescribeVpcs", {"Action": "DescribeVpcs", "Filter.1.Name": "is-default", "Filter.1.Value.1": "true"})
vpc = re.search(r"<vpcId>([^<]+)</vpcId>", vpcs).group(1)
save("DescribeSubnets", {"Action": "DescribeSubnets", "Filter.1.Name": "vpc-id", "Filter.1.Value.1": vpc})
sg = save("CreateSecurityGroup", {"Action": "CreateSecurityGroup", "GroupName": "ess-c1", "GroupDescription": "ess cluster c1", "VpcId": vpc,
                                  "TagSpecification.1.ResourceType": "security-group", "TagSpecification.1.Tag.1.Key": "ess:cluster", "TagSpecification.1.Tag.1.Value": "ess-c1"})
gid = re.search(r"<groupId>([^<]+)</groupId>", sg).group(1)
save("AuthorizeSecurityGroupIngress", {"Action": "AuthorizeSecurityGroupIngress", "GroupId": gid,
                                       "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22", "IpPermissions.1.IpRanges.1.CidrIp": "127.0.0.1/32",
                                       "IpPermissions.2.IpProtocol": "-1", "IpPermissions.2.Groups.1.GroupId": gid})
save("AuthorizeSecurityGroupIngress-Duplicate", {"Action": "AuthorizeSecurityGroupIngress", "GroupId": gid,
                                                 "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22", "IpPermissions.1.IpRanges.1.CidrIp": "127.0.0.1/32"})
save("DescribeSecurityGroups", {"Action": "DescribeSecurityGroups", "Filter.1.Name": "group-name", "Filter.1.Value.1": "ess-c1"})
save("DescribeImages", {"Action": "DescribeImages", "Owner.1": "amazon", "Filter.1.Name": "name", "Filter.1.Value.1": "amzn2-ami-hvm-*-x86_64-gp2", "Filter.2.Name": "state", "Filter.2.Value.1": "available"})
save("DescribeInstanceTypes", {"Action": "DescribeInstanceTypes", "InstanceType.1": "m3.medium"})
save("DescribeInstanceTypes-Invalid", {"Action": "DescribeInstanceTypes", "InstanceType.1": "m9.bogus"})
run = {"Action": "RunInstances", "ImageId": "ami-02b9a589195146a8f", "MinCount": "3", "MaxCount": "3", "InstanceType": "m3.medium", "KeyName": "ess-c1",
       "ClientToken": "tok-1", "SecurityGroupId.1": gid,
       "TagSpecification.1.ResourceType": "instance", "TagSpecification.1.Tag.1.Key": "ess:cluster", "TagSpecification.1.Tag.1.Value": "ess-c1",
       "TagSpecification.1.Tag.2.Key": "Name", "TagSpecification.1.Tag.2.Value": "ess-c1"}
save("RunInstances", run)
for n in (2, 3):
    call(dict(run, ClientToken=f"tok-{n}", MinCount="2", MaxCount="2"))
save("DescribeInstances-Page1", {"Action": "DescribeInstances", "MaxResults": "2"})
first = call({"Action": "DescribeInstances", "MaxResults": "2"})[1]
token = re.search(r"<nextToken>([^<]+)</nextToken>", first).group(1)
save("DescribeInstances-Page2", {"Action": "DescribeInstances", "MaxResults": "2", "NextToken": token})
save("DescribeInstances-NotFound", {"Action": "DescribeInstances", "InstanceId.1": "i-0123456789abcdef0"})
save("DeleteSecurityGroup-NotFound", {"Action": "DeleteSecurityGroup", "GroupId": "sg-0123456789abcdef0"})
save("DescribeInstances-ReservationFilter", {"Action": "DescribeInstances", "Filter.1.Name": "reservation-id", "Filter.1.Value.1": "r-1"})
