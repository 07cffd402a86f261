package io.payhook.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static io.payhook.infra.Synthesized.actions;
import static io.payhook.infra.Synthesized.logicalId;
import static io.payhook.infra.Synthesized.props;
import static io.payhook.infra.Synthesized.resources;
import static io.payhook.infra.Synthesized.statements;
import static org.assertj.core.api.Assertions.assertThat;

/** The two per-environment switches, flipped on a copy of dev: the OPEN webhook route and the SNS notifier; and merchant labels. */
class TapStackVariantsIT {
    static Template variant;
    static Template dev;

    @BeforeAll
    static void synth() {
        variant = Synthesized.get().variantTemplate;
        dev = Synthesized.get().devTemplate;
    }

    @Test
    void theEnvironmentsMerchantLabelsGoToTheIngestFunctionOnly() {
        variant.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("FunctionName", "payhook-ingest-dev",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("PAYHOOK_MERCHANTS", Synthesized.MERCHANTS)))), 1);
        resources(variant, "AWS::Lambda::Function").forEach((id, fn) -> {
            @SuppressWarnings("unchecked")
            var variables = (Map<String, Object>) ((Map<String, Object>) props(fn).get("Environment")).get("Variables");
            assertThat(variables.containsKey("PAYHOOK_MERCHANTS")).as(id).isEqualTo(id.startsWith("IngestFunction"));
        });
    }

    @Test
    void openModeOpensOnlyTheWebhookRoute() {
        variant.resourceCountIs("AWS::ApiGateway::Method", 11);
        variant.hasResourceProperties("AWS::ApiGateway::Method", Map.of("HttpMethod", "POST", "AuthorizationType", "NONE",
                "ResourceId", Map.of("Ref", logicalId(variant, "AWS::ApiGateway::Resource", "Apiwebhookspayment"))));
        variant.resourcePropertiesCountIs("AWS::ApiGateway::Method", Map.of("AuthorizationType", "NONE"), 1);
        variant.resourcePropertiesCountIs("AWS::ApiGateway::Method", Map.of("AuthorizationType", "AWS_IAM"), 10);
        variant.hasResourceProperties("AWS::ApiGateway::Method", Map.of("HttpMethod", "GET", "AuthorizationType", "AWS_IAM"));
    }

    @Test
    void openModeAddsALoggedWafWebAclOnTheStage() {
        String acl = logicalId(variant, "AWS::WAFv2::WebACL", "WebAcl");
        variant.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Scope", "REGIONAL", "DefaultAction", Map.of("Allow", Map.of()),
                "Rules", List.of(
                        Match.objectLike(Map.of("Name", "AWSManagedRulesAmazonIpReputationList", "OverrideAction", Map.of("None", Map.of()))),
                        Match.objectLike(Map.of("Name", "AWSManagedRulesKnownBadInputsRuleSet")))));
        variant.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Map.of("WebACLArn", Map.of("Fn::GetAtt", List.of(acl, "Arn")),
                "ResourceArn", Match.anyValue()));
        String association = String.valueOf(props(resources(variant, "AWS::WAFv2::WebACLAssociation").values().iterator().next()).get("ResourceArn"));
        assertThat(association).contains("/restapis/", "/stages/", logicalId(variant, "AWS::ApiGateway::Stage", "ApiDeploymentStage"));
        variant.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "aws-waf-logs-payhook-dev", "RetentionInDays", 30,
                "KmsKeyId", Match.anyValue()));
        variant.hasResourceProperties("AWS::WAFv2::LoggingConfiguration", Map.of("ResourceArn", Map.of("Fn::GetAtt", List.of(acl, "Arn")),
                "RedactedFields", Match.arrayWith(List.of(Map.of("SingleHeader", Map.of("Name", "authorization")),
                        Map.of("SingleHeader", Map.of("Name", "stripe-signature")), Map.of("SingleHeader", Map.of("Name", "webhook-signature")),
                        Map.of("SingleHeader", Map.of("Name", "payhook-signature"))))));
        dev.resourceCountIs("AWS::WAFv2::WebACL", 0);
    }

    @Test
    void snsModeHasNoSesNoFeedbackAndNoSendPermission() {
        for (String type : List.of("AWS::SES::ConfigurationSet", "AWS::SES::ConfigurationSetEventDestination", "AWS::SES::EmailIdentity")) {
            variant.resourceCountIs(type, 0);
        }
        assertThat(statements(variant, "").toString()).doesNotContain("ses:");
        assertThat(String.valueOf(resources(variant, "AWS::Lambda::Function"))).doesNotContain("payhook-feedback-dev", "PAYHOOK_SES_");
        variant.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables", Match.objectLike(Map.of(
                "PAYHOOK_NOTIFIER", "sns")))), 1);
        variant.resourceCountIs("AWS::SNS::Topic", 3); // confirmations, alarms, operations: no SES feedback topic
        variant.resourceCountIs("AWS::SQS::Queue", 6); // no feedback DLQ
        assertThat(String.valueOf(resources(variant, "AWS::CloudWatch::Alarm"))).doesNotContain("bounce-rate", "feedback");
        // the suppression list still applies (and the sender still hashes addresses); the confirmation topic stays
        assertThat(actions(statements(variant, "NotificationSenderFunctionServiceRole").stream()
                .filter(st -> actions(st).contains("kms:GenerateMac")).findFirst().orElseThrow())).containsExactly("kms:GenerateMac");
        variant.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", "payhook-confirmations-dev"));
        // without SES nothing but SNS, SQS and CloudWatch may use the storage key on the account's behalf
        variant.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                "Principal", Map.of("Service", List.of("sns.amazonaws.com", "sqs.amazonaws.com", "cloudwatch.amazonaws.com")))))))));
    }
}
