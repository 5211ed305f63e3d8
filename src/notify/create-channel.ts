import type { ChannelConfig } from '../config/alerts-config.js';
import { createAlertmanagerChannel } from './alertmanager-channel.js';
import type { Channel } from './channel.js';
import { createEmailChannel } from './email-channel.js';
import { createPagerDutyChannel } from './pagerduty-channel.js';
import { createSlackChannel } from './slack-channel.js';
import { createWebhookChannel } from './webhook-channel.js';

/** The channel a configuration entry describes. */
export function createChannel(config: ChannelConfig): Channel {
  switch (config.type) {
    case 'pagerduty':
      return createPagerDutyChannel(config);
    case 'slack':
      return createSlackChannel(config);
    case 'email':
      return createEmailChannel(config);
    case 'alertmanager':
      return createAlertmanagerChannel(config);
    case 'webhook':
      return createWebhookChannel(config);
  }
}

export function createChannels(configs: Readonly<Record<string, ChannelConfig>>): Record<string, Channel> {
  return Object.fromEntries(Object.entries(configs).map(([name, config]) => [name, createChannel(config)]));
}
