variable "name" {
  type = string
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "capture_key_arn" {
  type    = string
  default = null
}

variable "instance_type" {
  type = string
}
