package io.keyguard.iac;

import io.keyguard.rule.RuleParameters;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * On-demand benchmark of the scan (not a test): {@code mvn -B -q test-compile exec:java@scan-benchmark}. Writes a
 * CloudFormation template at the 1 MB CloudFormation limit in YAML and in JSON, a Terraform plan and a Terraform
 * module (source) with 2,000 endpoint configs each, then prints the median time to scan each (after warm-up) and,
 * for templates and plans, the heap its parsed tree holds while the scan runs (measured after garbage collection,
 * so approximate).
 */
public final class ScanBenchmark {

    private static final int WARM_UP = 5;
    private static final int RUNS = 21;
    private static final int TEMPLATE_LIMIT_BYTES = 1_000_000;

    private ScanBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("keyguard-scan-benchmark");
        Path yaml = Files.writeString(dir.resolve("template.yaml"), yamlTemplate());
        Path json = Files.writeString(dir.resolve("template.json"), jsonTemplate());
        Path plan = Files.writeString(dir.resolve("plan.json"), plan(2_000));
        Path module = Files.createDirectory(dir.resolve("terraform"));
        Path mainTf = Files.writeString(module.resolve("main.tf"), terraformSource(Integer.getInteger("bench.tfConfigs", 2_000)));
        IacScanner scanner = new IacScanner(RuleParameters.parse(Map.of("checkDataCaptureKey", "true")));
        System.out.printf("%-16s %10s %8s %12s %14s %10s%n", "file", "size", "configs", "median ms", "configs/s",
                "tree MB");
        for (Path file : List.of(yaml, json, plan, module)) {
            int configs = 0;
            for (int i = 0; i < WARM_UP; i++) {
                configs = scanner.scan(List.of(file)).findings().size();
            }
            double[] millis = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                scanner.scan(List.of(file));
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            double median = millis[RUNS / 2];
            boolean folder = Files.isDirectory(file);
            System.out.printf("%-16s %9dK %8d %12.1f %14.0f %10s%n", folder ? file.getFileName() + "/main.tf"
                            : file.getFileName(), Files.size(folder ? mainTf : file) / 1024, configs, median,
                    configs / (median / 1000), folder ? "-" : String.format("%.1f", treeMegabytes(file)));
        }
        System.out.printf("JVM: %s, %d processors, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        for (Path file : List.of(yaml, json, plan, mainTf, module)) {
            Files.delete(file);
        }
        Files.delete(dir);
    }

    private static double treeMegabytes(Path file) {
        long before = usedHeapAfterGc();
        Object tree = file.toString().endsWith(".json") ? JsonTreeReader.read(file)
                : CloudFormationYamlReader.read(file);
        long after = usedHeapAfterGc();
        Reference.reachabilityFence(tree);
        return (after - before) / (1024.0 * 1024.0);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Endpoint configs in every key form the scanner reads, repeated up to the 1 MB template limit. */
    private static String yamlTemplate() {
        String head = "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n"
                + "  KeyArn:\n    Type: String\n    Default: arn:aws:kms:us-east-1:111122223333:key/k\n"
                + "Conditions:\n  UseCmk: !Equals [!Ref 'AWS::Region', us-east-1]\nResources:\n"
                + "  Key:\n    Type: AWS::KMS::Key\n";
        List<String> keys = List.of("!Ref Key", "!GetAtt Key.Arn", "!Ref KeyArn",
                "!If [UseCmk, !Ref Key, !Ref AWS::NoValue]", "alias/aws/sagemaker", "''");
        return fillToLimit(head, keys, (i, key) -> "  Config" + i + ":\n    Type: AWS::SageMaker::EndpointConfig\n"
                + "    Properties:\n      KmsKeyId: " + key + "\n"
                + "      DataCaptureConfig:\n        EnableCapture: true\n        KmsKeyId: !Ref Key\n"
                + "        DestinationS3Uri: s3://bucket/capture\n        InitialSamplingPercentage: 10\n"
                + "        CaptureOptions: [{CaptureMode: Input}]\n"
                + "      ProductionVariants:\n        - {VariantName: AllTraffic, ModelName: m,"
                + " InitialInstanceCount: 1, InstanceType: ml.m5.large}\n"
                + "      Tags:\n        - {Key: team, Value: ml}\n", "");
    }

    private static String jsonTemplate() {
        String head = "{\"Conditions\": {\"UseCmk\": {\"Fn::Equals\": [\"a\", \"b\"]}},\n"
                + " \"Resources\": {\n  \"Key\": {\"Type\": \"AWS::KMS::Key\"}";
        List<String> keys = List.of("{\"Ref\": \"Key\"}", "{\"Fn::GetAtt\": [\"Key\", \"Arn\"]}",
                "{\"Fn::If\": [\"UseCmk\", {\"Ref\": \"Key\"}, {\"Ref\": \"AWS::NoValue\"}]}", "\"alias/aws/sagemaker\"");
        return fillToLimit(head, keys, (i, key) -> ",\n  \"Config" + i + "\": {\"Type\": \"AWS::SageMaker::EndpointConfig\","
                + " \"Properties\": {\n    \"KmsKeyId\": " + key + ",\n"
                + "    \"DataCaptureConfig\": {\"EnableCapture\": true, \"KmsKeyId\": {\"Ref\": \"Key\"},"
                + " \"DestinationS3Uri\": \"s3://bucket/capture\", \"InitialSamplingPercentage\": 10},\n"
                + "    \"ProductionVariants\": [{\"VariantName\": \"AllTraffic\", \"ModelName\": \"m\","
                + " \"InitialInstanceCount\": 1, \"InstanceType\": \"ml.m5.large\"}],\n"
                + "    \"Tags\": [{\"Key\": \"team\", \"Value\": \"ml\"}]}}", "\n }\n}\n");
    }

    /** head, then one config per index (cycling through the key forms) until the template limit, then tail. */
    private static String fillToLimit(String head, List<String> keys, BiFunction<Integer, String, String> config,
                                      String tail) {
        StringBuilder text = new StringBuilder(head);
        for (int i = 0; text.length() < TEMPLATE_LIMIT_BYTES - 600; i++) {
            text.append(config.apply(i, keys.get(i % keys.size())));
        }
        return text.append(tail).toString();
    }

    /**
     * One Terraform module: a variable with a default, a local, a key created here and the configs, every other one
     * taking its key from the variable and the rest from the key resource.
     */
    private static String terraformSource(int configs) {
        StringBuilder tf = new StringBuilder("""
                variable "serving_key_arn" {
                  default = "arn:aws:kms:us-east-1:111122223333:key/1f2e3d4c-aaaa-bbbb-cccc-000000000001"
                }

                locals {
                  instance_type = "ml.m5.large"
                }

                resource "aws_kms_key" "serving" {
                  enable_key_rotation = true
                }
                """);
        for (int i = 0; i < configs; i++) {
            tf.append("""

                    resource "aws_sagemaker_endpoint_configuration" "c%d" {
                      name        = "c%d"
                      kms_key_arn = %s

                      production_variants {
                        variant_name           = "AllTraffic"
                        model_name             = "model-%d"
                        initial_instance_count = 1
                        instance_type          = local.instance_type
                      }

                      tags = { team = "ml" }
                    }
                    """.formatted(i, i, i % 2 == 0 ? "var.serving_key_arn" : "aws_kms_key.serving.arn", i));
        }
        return tf.toString();
    }

    private static String plan(int configs) {
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < configs; i++) {
            boolean unknownKey = i % 2 == 0;
            changes.add("    {\"address\": \"aws_sagemaker_endpoint_configuration.c" + i + "\", \"mode\": \"managed\","
                    + " \"type\": \"aws_sagemaker_endpoint_configuration\", \"name\": \"c" + i + "\",\n"
                    + "     \"change\": {\"actions\": [\"create\"], \"before\": null,\n"
                    + "      \"after\": {\"name\": \"c" + i + "\", "
                    + (unknownKey ? "" : "\"kms_key_arn\": \"arn:aws:kms:us-east-1:111122223333:key/k\", ")
                    + "\"production_variants\": [{\"variant_name\": \"AllTraffic\", \"instance_type\": \"ml.m5.large\","
                    + " \"serverless_config\": []}], \"data_capture_config\": [], \"async_inference_config\": [],"
                    + " \"tags\": {\"team\": \"ml\"}},\n"
                    + "      \"after_unknown\": {\"arn\": true, \"id\": true" + (unknownKey ? ", \"kms_key_arn\": true" : "")
                    + ", \"production_variants\": [{}], \"tags_all\": true}}}");
        }
        return "{\"format_version\": \"1.2\", \"terraform_version\": \"1.9.5\",\n  \"resource_changes\": [\n"
                + String.join(",\n", changes) + "\n  ]\n}\n";
    }
}
