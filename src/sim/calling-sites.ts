/**
 * Where in FreeSWITCH's source each simulated event is fired from, so the
 * Event-Calling-File/-Function/-Line-Number headers read like the captures.
 */
import type { CallingSite } from "./event-headers.ts";

export const SITES = {
  create: ["switch_core_state_machine.c", "switch_core_session_run", 626],
  callstate: ["switch_channel.c", "switch_channel_perform_set_callstate", 301],
  progress: ["switch_channel.c", "switch_channel_perform_mark_ring_ready_value", 3505],
  answer: ["switch_channel.c", "switch_channel_perform_mark_answered", 3846],
  bridge: ["switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", 1689],
  unbridge: ["switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", 1879],
  hold: ["switch_ivr.c", "switch_ivr_hold", 1558],
  unhold: ["switch_ivr.c", "switch_ivr_unhold", 1638],
  recordStart: ["switch_ivr_async.c", "record_callback", 1481],
  recordStop: ["switch_ivr_async.c", "send_record_stop_event", 1240],
  hangup: ["switch_channel.c", "switch_channel_perform_hangup", 3445],
  hangupComplete: ["switch_core_state_machine.c", "switch_core_session_reporting_state", 943],
  destroy: ["switch_core_session.c", "switch_core_session_perform_destroy", 1584],
  heartbeat: ["switch_core.c", "send_heartbeat", 95],
  register: ["sofia_reg.c", "sofia_reg_handle_register_token", 2059],
  unregister: ["sofia_reg.c", "sofia_reg_handle_register_token", 2213],
  registerFailure: ["sofia_reg.c", "sofia_reg_handle_register_token", 1792],
  expire: ["sofia_reg.c", "sofia_reg_del_callback", 574],
  gatewayState: ["sofia_reg.c", "sofia_reg_fire_custom_gateway_state_event", 156],
  api: ["switch_loadable_module.c", "switch_api_execute", 2954],
  backgroundJob: ["mod_event_socket.c", "api_exec", 1572],
  // REQUEST_PARAMS events that mod_xml_curl turns into POST bodies.
  dialplanRequest: ["mod_dialplan_xml.c", "dialplan_xml_locate", 610],
  registerAuthRequest: ["sofia_reg.c", "sofia_reg_parse_auth", 3124],
  userCallRequest: ["mod_dptools.c", "user_outgoing_channel", 4366],
  queueLoadRequest: ["mod_callcenter.c", "load_queue", 724],
  ivrConfRequest: ["mod_dptools.c", "ivr_application_function", 2166],
  voicemailLookupRequest: ["mod_voicemail.c", "voicemail_leave_main", 3418],
  // The event application creates a CHANNEL_APPLICATION event and renames it from its arguments.
  eventApplication: ["mod_dptools.c", "event_function", 1902],
  // switch_ivr_menu_execute's menu::enter and menu::exit.
  menuEvent: ["switch_ivr_menu.c", "ivr_send_event", 85],
  // mod_voicemail: MESSAGE_WAITING and its vm::maintenance events.
  messageWaiting: ["mod_voicemail.c", "update_mwi", 1930],
  vmMwiUpdate: ["mod_voicemail.c", "update_mwi", 1955],
  vmLeaveMessage: ["mod_voicemail.c", "deliver_vm", 2896],
  // mod_callcenter's callcenter::info events, lines as in the captured ones.
  ccAgentAdd: ["mod_callcenter.c", "cc_agent_add", 915],
  ccAgentGet: ["mod_callcenter.c", "cc_agent_get", 970],
  ccAgentStatus: ["mod_callcenter.c", "cc_agent_update", 1043],
  ccAgentState: ["mod_callcenter.c", "cc_agent_update", 1067],
  ccAgentContact: ["mod_callcenter.c", "cc_agent_update", 1091],
  ccMembersCount: ["mod_callcenter.c", "cc_queue_count", 878],
  ccMemberStart: ["mod_callcenter.c", "callcenter_function", 3113],
  ccMemberCancel: ["mod_callcenter.c", "callcenter_function", 3274],
  ccOffering: ["mod_callcenter.c", "outbound_agent_thread_run", 1717],
  ccBridgeStart: ["mod_callcenter.c", "outbound_agent_thread_run", 1934],
  ccMaxNoAnswer: ["mod_callcenter.c", "outbound_agent_thread_run", 2178],
  ccBridgeEnd: ["mod_callcenter.c", "outbound_agent_thread_run", 2062],
  ccMemberEnd: ["mod_callcenter.c", "outbound_agent_thread_run", 2098],
} satisfies Record<string, CallingSite>;
