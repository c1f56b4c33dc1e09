import NetInfo from '@react-native-community/netinfo';
import { AppState } from 'react-native';
import { nativeNetwork } from 'react-lifeline/native';

/** Online/offline from NetInfo, foreground/background from AppState: one source for the whole app. */
export const network = nativeNetwork({ NetInfo, AppState });
